"""The Streamlit glue the pages share: the frame (language, caches, banner, guard) and widgets."""
