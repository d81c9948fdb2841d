"""Background workers' heartbeats: which workers are alive, so runs of a dead one end.

Why: a run whose worker died while the server kept running (a ``sikt worker`` service killed,
one process of several gone) stayed "running" for ever, its page polling. Start-up recovery
(:func:`sikt.web.worker.recover_interrupted_runs`) only covers a whole server stopped. So every
worker writes a heartbeat while it runs, and a worker whose heartbeat is older than
``SIKT_WORKER_STALE_SECONDS`` is dead: the live workers mark its runs failed.
"""
