"""Reports: PDF documents and tables, as pure functions over plain data (no database, no Streamlit)."""
