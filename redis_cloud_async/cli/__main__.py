"""``python -m redis_cloud_async.cli``: the same as the `redis-cloud` command."""

import sys

from . import main

sys.exit(main())
