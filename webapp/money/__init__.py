"""Money from confirmed days: the daily compensation (kulukorvaus / toimintaraha), its
effective-dated rates, and the one function every screen and report asks."""
