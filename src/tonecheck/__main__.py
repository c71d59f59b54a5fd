from tonecheck.cli import main

main()
