# Shared by the launchers in bin/ (sourced, not run). They start Java directly, not through Maven,
# so that a tool's stdout holds its data only and its exit code is its own (README, "Tools").
#
# The project's classes, its class path and the JVM options Flink needs on Java 17 are built once
# into target/bin/ and again whenever pom.xml or a file under src/main is newer.

BANDITFLOW_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BANDITFLOW_BIN_CACHE="$BANDITFLOW_HOME/target/bin"

# Prints the class path of the project's classes and dependencies (compile and provided scope:
# Flink, the Kafka broker, logging), building it first when it is missing or stale.
banditflow_classpath() {
  local cache="$BANDITFLOW_BIN_CACHE/classpath"
  if [[ ! -s $cache || -n $(find "$BANDITFLOW_HOME/pom.xml" "$BANDITFLOW_HOME/src/main" -newer "$cache" -print -quit) ]]; then
    echo "building the classes and their class path (mvn compile) ..." >&2
    mkdir -p "$BANDITFLOW_BIN_CACHE"
    # Maven's own output goes to stderr: Debian's Maven 3.8.7 ends stdout with an ANSI reset
    (cd "$BANDITFLOW_HOME" && mvn -q -B compile dependency:build-classpath \
        -Dmdep.includeScope=compile -Dmdep.outputFile="$cache.tmp" \
        help:evaluate -Dexpression=flink.jvm.opens -Doutput="$BANDITFLOW_BIN_CACHE/jvm-options") >&2 \
      || { echo "bin: the build failed (see above)" >&2; exit 1; }
    mv "$cache.tmp" "$cache"
  fi
  echo "$BANDITFLOW_HOME/target/classes:$(cat "$cache")"
}

# The --add-opens/--add-exports options Flink's classes need on Java 17 (pom.xml, flink.jvm.opens).
banditflow_jvm_options() {
  banditflow_classpath > /dev/null
  cat "$BANDITFLOW_BIN_CACHE/jvm-options"
}

# Prints the class path of a server the local stack runs beside the job, fetching it from Maven
# Central the first time: `kafka` (the broker and its command-line tools, tools/kafka/pom.xml) or
# `zookeeper` (for high availability, tools/zookeeper/pom.xml).
distribution_classpath() {
  local name=$1
  local libs="$BANDITFLOW_HOME/target/$name/libs"
  if [[ ! -f $libs/.complete ]]; then
    echo "fetching $name from Maven Central into $libs ..." >&2
    mvn -q -B -f "$BANDITFLOW_HOME/tools/$name/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$libs" >&2 \
      || { echo "bin: fetching $name failed (see above)" >&2; exit 1; }
    touch "$libs/.complete"
  fi
  echo "$libs/*"
}

# Runs one of Kafka's command-line tools by its main class, logging to stderr at WARN.
kafka_tool() {
  local main=$1
  shift
  exec java -Xmx512m -Dlog4j2.configurationFile="$BANDITFLOW_HOME/conf/log4j-tools.properties" \
    -cp "$(distribution_classpath kafka)" "$main" "$@"
}
