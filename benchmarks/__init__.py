"""mmlkit benchmarks: each area's file ``bench_<area>.py`` compares us with a reference."""
