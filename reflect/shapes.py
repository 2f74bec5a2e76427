"""Every reading of the language a phrasing rule can ask for by name (`shapes:` in
prompts/phrasing.yaml), gathered from the modules that define them into one registry, so a
module of shapes is added here with one line and `reflect.language_shapes` stays a module of
its own readings."""

from __future__ import annotations

from reflect.language_shapes import SHAPES as LANGUAGE_SHAPES
from reflect.story_shapes import STORY_SHAPES
from reflect.smaller_shapes import SHAPES as SMALLER_SHAPES
from reflect.others_story_shapes import SHAPES as OTHERS_STORY_SHAPES
from reflect.done_to_me_shapes import SHAPES as DONE_TO_ME_SHAPES
from reflect.cut_short_shapes import SHAPES as CUT_SHORT_SHAPES
from reflect.hope_shapes import SHAPES as HOPE_SHAPES
from reflect.raw_date_shapes import SHAPES as RAW_DATE_SHAPES
from reflect.beside_shapes import SHAPES as BESIDE_SHAPES
from reflect.secret_shapes import SHAPES as SECRET_SHAPES
from reflect.unresolved_shapes import SHAPES as UNRESOLVED_SHAPES
from reflect.put_off_shapes import SHAPES as PUT_OFF_SHAPES
from reflect.detail_shapes import SHAPES as DETAIL_SHAPES
from reflect.favour_shapes import SHAPES as FAVOUR_SHAPES
from reflect.strain_shapes import SHAPES as STRAIN_SHAPES
from reflect.my_way_shapes import SHAPES as MY_WAY_SHAPES
from reflect.explained_away_shapes import SHAPES as EXPLAINED_AWAY_SHAPES
from reflect.failed_way_shapes import SHAPES as FAILED_WAY_SHAPES
from reflect.my_case_shapes import SHAPES as MY_CASE_SHAPES
from reflect.turned_to_me_shapes import SHAPES as TURNED_TO_ME_SHAPES
from reflect.their_days_shapes import SHAPES as THEIR_DAYS_SHAPES

SHAPES = {
    **LANGUAGE_SHAPES,
    **STORY_SHAPES,
    **SMALLER_SHAPES,
    **OTHERS_STORY_SHAPES,
    **DONE_TO_ME_SHAPES,
    **CUT_SHORT_SHAPES,
    **HOPE_SHAPES,
    **RAW_DATE_SHAPES,
    **BESIDE_SHAPES,
    **SECRET_SHAPES,
    **UNRESOLVED_SHAPES,
    **PUT_OFF_SHAPES,
    **DETAIL_SHAPES,
    **FAVOUR_SHAPES,
    **STRAIN_SHAPES,
    **MY_WAY_SHAPES,
    **EXPLAINED_AWAY_SHAPES,
    **FAILED_WAY_SHAPES,
    **MY_CASE_SHAPES,
    **TURNED_TO_ME_SHAPES,
    **THEIR_DAYS_SHAPES,
}
