from threecenters.cli import main

raise SystemExit(main())
