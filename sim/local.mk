# sim/: pcaptop-sim.
