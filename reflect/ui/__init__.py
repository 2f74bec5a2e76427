"""Streamlit helpers shared by the pages: the signed-in person and calm messages."""
