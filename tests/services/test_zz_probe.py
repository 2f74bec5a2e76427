import time, os
from tests.services import test_leaks as T
from tests import leak_world
from tests.services.test_leaks import leak_rt

def test_probe(leak_rt, request):
    from hypothesis import given, settings, HealthCheck
    @settings(max_examples=int(os.environ.get("N", "20")), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    @given(script=leak_world.SCRIPTS)
    def check(script):
        T.check_world(leak_world.run(script))
    t0 = time.process_time(); w0 = time.perf_counter()
    check()
    print("\nRESULT", os.environ.get("SOCK"), "cpu", round(time.process_time() - t0, 1), "wall", round(time.perf_counter() - w0, 1), leak_rt.settings.database_url)
