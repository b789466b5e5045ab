#!/bin/sh
# The container's entrypoint: links the image's Claude Code runtime into POCO_HOME, then runs Poco
# (POCO_ROLE all, server or runner; every setting is an environment variable, see README.md).
# "db export FILE", "db import FILE", "admin create --username NAME" and "doctor" run those commands instead.
set -eu
mkdir -p "$POCO_HOME"
if [ ! -e "$POCO_HOME/runtime" ]; then
  ln -s /opt/poco/runtime "$POCO_HOME/runtime"
fi
exec java ${POCO_JAVA_OPTS:-} -jar /opt/poco/poco.jar "$@"
