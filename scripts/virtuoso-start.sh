#!/usr/bin/env sh
# Usage: virtuoso-start.sh DIR HTTP_PORT SQL_PORT
# Run Debian's Virtuoso 7 (virtuoso-opensource) in the foreground on 127.0.0.1 with a throw-away
# database in DIR: writes a minimal DIR/virtuoso.ini, then replaces itself with `virtuoso-t -f`
# (so the caller's PID is the server's; stop it by that PID). SPARQL at
# http://127.0.0.1:HTTP_PORT/sparql, Graph Store Protocol at /sparql-graph-crud (needs
# `GRANT SPARQL_UPDATE TO "SPARQL";` through `isql-vt SQL_PORT dba dba`) and
# /sparql-graph-crud-auth (HTTP Digest, e.g. dba/dba on a fresh database).
set -eu
dir=$1
http_port=$2
sql_port=$3
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cat >"$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$sql_port
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = ., $dir, /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = $dir
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = SELECT * WHERE { ?s ?p ?o } LIMIT 10
INI
cd "$dir"
exec virtuoso-t -f -c "$dir/virtuoso.ini"
