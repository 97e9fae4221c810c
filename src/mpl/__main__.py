from mpl.cli import main

main()
