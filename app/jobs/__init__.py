"""Job services: the lifecycle state machine, dispatch, storage and stats."""
