"""`blo sql` starts as fast as the query needs: the data frame and pipeline libraries stay unloaded for a query."""

import subprocess
import sys

HEAVY = ("polars", "pandas", "numpy", "pyarrow", "scipy", "dagster")


def test_a_query_loads_no_data_frame_or_pipeline_library(built):
    home, _, _ = built
    code = ("import sys\nfrom pipelines.cli import main\n"
            f"sys.argv = ['blo', 'sql', 'select 40 + 2 as answer', '--home', {str(home.root)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('loaded:', [name for name in {HEAVY!r} if name in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "42" in result.stdout, result.stderr
    assert result.stdout.strip().endswith("loaded: []"), result.stdout
