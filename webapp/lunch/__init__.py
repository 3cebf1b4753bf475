"""Lunch: the forecast before the cut-off, the live count of the day, the final count from
confirmed days, special diets, and the kitchen's own view."""
