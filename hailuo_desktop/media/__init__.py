"""Reading and writing video files: helpers shared by the engine and the simulator."""
