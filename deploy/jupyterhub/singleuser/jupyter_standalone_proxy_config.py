"""The participant's proxy (jupyter-standaloneproxy) keeps resume codes out of its log.

The recipe puts this folder on ``JUPYTER_CONFIG_PATH`` of every participant's server
(deploy/jupyterhub/jupyterhub_config.py); the Kubernetes image copies this file to ``/usr/local/etc/jupyter/``.
Tornado logs the address of every request that fails (a 404, a 503 while Voila starts), and a participant's
address carries their resume code: see coffeechat.server.redaction.
"""

from coffeechat.server.redaction import keep_secrets_out_of_logs

keep_secrets_out_of_logs()
