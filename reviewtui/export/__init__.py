"""Writers that turn models into text for people and programs: pure functions, no I/O."""
