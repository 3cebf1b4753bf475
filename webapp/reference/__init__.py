"""Reference data: municipalities, special diets and service types (models.py)."""
