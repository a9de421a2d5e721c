from sitrep.cli import main

main()
