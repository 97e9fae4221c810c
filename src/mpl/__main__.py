from mpl.cli import run

run()
