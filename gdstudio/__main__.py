from gdstudio.cli import main

raise SystemExit(main())
