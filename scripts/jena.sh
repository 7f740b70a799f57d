#!/usr/bin/env sh
# Usage: jena.sh CLASS ARGS... | jena.sh --classpath
#   e.g.  jena.sh riotcmd.riot --count FILE
#         jena.sh arq.sparql --data FILE --query Q.rq --results json
#         jena.sh shacl.shacl validate --shapes S.ttl --data D.ttl
#         jena.sh arq.update --data FILE --update U.ru --dump
# Run an Apache Jena command class from Debian's libapache-jena-java (4.5), which ships jars only:
# no command scripts and no Class-Path in the manifests. This builds the classpath from the jars
# of the package and of the packages it depends on, and works around two packaging faults:
#  - jena-core relocates its embedded Xerces classes to `xerces.*` but leaves their message
#    bundles under org/apache/jena/ext/xerces/: the first XSD datatype use dies with
#    "ExceptionInInitializerError ... internal error". The bundles are copied once to the
#    matching xerces/ path in a cache folder put on the classpath.
#  - no JSON-P implementation is packaged, so the JSON-LD 1.1 reader fails: read JSON-LD with
#    `--syntax=jsonld10` (jsonld-java; httpclient-cache is on the classpath for it).
# Exit 3 when Java or the package is missing (callers skip, saying why).
set -eu
command -v java >/dev/null 2>&1 || { echo "jena.sh: java not found" >&2; exit 3; }
[ -f /usr/share/java/jena-arq.jar ] || { echo "jena.sh: libapache-jena-java not installed" >&2; exit 3; }
cache=${XDG_CACHE_HOME:-$HOME/.cache}/iso20000-prm/jena-xerces-bundles
if [ ! -f "$cache/.done" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && unzip -q -o /usr/share/java/jena-core.jar 'org/apache/jena/ext/xerces/*.properties')
    mkdir -p "$cache/xerces"
    cp -R "$tmp/org/apache/jena/ext/xerces/." "$cache/xerces/"
    rm -rf "$tmp"
    touch "$cache/.done"
fi
cp="$cache"
for pkg in libapache-jena-java $(apt-cache depends libapache-jena-java 2>/dev/null \
        | sed -n 's/^ *Depends: *//p') libhttpclient-cache-java libhttpcore-java \
        libcommons-logging-java; do
    for jar in $(dpkg -L "$pkg" 2>/dev/null | grep '^/usr/share/java/[^/]*\.jar$' || true); do
        case "$jar" in
            *-[0-9]*.jar) continue ;;  # the unversioned link is enough
            */slf4j-api.jar | */slf4j-nop.jar) ;;  # one logging binding: none
            *slf4j*) continue ;;
        esac
        cp="$cp:$jar"
    done
done
class=$1
shift
if [ "$class" = "--classpath" ]; then  # for an in-process JVM (JPype): print it and stop
    printf '%s\n' "$cp"
    exit 0
fi
exec java -Xmx1g -cp "$cp" "$class" "$@"
