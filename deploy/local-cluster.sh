#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1, started from the project's own Maven classpath (no
# Spark download): one master and N workers, each a separate JVM. Used by the integration tests and
# for trying spark-submit by hand. It stops exactly the processes it started (their process groups,
# which hold the executors the workers launched), found through the PID files in its state folder.
#
#   deploy/local-cluster.sh start [--workers 2] [--cores 1] [--memory 4g] [--port 7077]
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh stop
#
# State (PID files, logs, the SPARK_HOME the workers need, executor work folders) lives in
# $SPARKTRAIN_CLUSTER_DIR, default target/local-cluster under the project root. `start` prints the
# master URL on stdout, e.g. spark://127.0.0.1:7077; submit with
#   java $FLAGS -cp "$(cat deploy/spark-runtime/target/spark-classpath.txt)" \
#     org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 \
#     --class io.sparktrain.jobs.SparkTrainCli jobs/target/sparktrain-jobs-0.1.0-SNAPSHOT.jar train --config job.yaml
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${SPARKTRAIN_CLUSTER_DIR:-$root/target/local-cluster}"
classpath_file="$root/deploy/spark-runtime/target/spark-classpath.txt"

usage() {
  sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
  echo "local-cluster: $*" >&2
  exit 1
}

alive() {
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Waits up to $2 seconds for the log file $1 to contain $3 at least $4 times.
wait_for_log() {
  local log="$1" seconds="$2" pattern="$3" count="${4:-1}"
  for ((i = 0; i < seconds * 4; i++)); do
    if [[ -f "$log" ]] && (($(grep -c -- "$pattern" "$log" || true) >= count)); then
      return 0
    fi
    sleep 0.25
  done
  return 1
}

classpath() {
  if [[ ! -f "$classpath_file" ]]; then
    echo "resolving the Spark classpath (mvn -pl deploy/spark-runtime package)..." >&2
    (cd "$root" && mvn -B -q -Dstyle.color=never -pl deploy/spark-runtime package) >&2
  fi
  cat "$classpath_file"
}

java17_flags() {
  local flags
  flags="$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$root/pom.xml")"
  [[ -n "$flags" ]] || die "cannot find <spark.java17.flags> in $root/pom.xml"
  echo "$flags"
}

# Workers launch executors from $SPARK_HOME/jars; link the classpath's jars there.
spark_home() {
  local cp="$1" home="$state/spark-home"
  rm -rf "$home"
  mkdir -p "$home/jars"
  local jar
  IFS=':' read -r -a jars <<<"$cp"
  for jar in "${jars[@]}"; do
    [[ -n "$jar" ]] && ln -sf "$jar" "$home/jars/$(basename "$jar")"
  done
  echo "$home"
}

# Starts a JVM in its own session (so `stop` can end it with every child) and records its PID.
launch() {
  local name="$1"
  shift
  setsid "$@" >"$state/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

start() {
  local workers=2 cores=1 memory=4g port=7077
  while (($#)); do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive integer, got '$workers'"
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "--cores must be a positive integer, got '$cores'"
  [[ "$port" =~ ^[1-9][0-9]*$ ]] || die "--port must be a port number, got '$port'"
  if alive "$state/master.pid"; then
    die "a cluster is already running from $state (master PID $(cat "$state/master.pid")); run stop first"
  fi
  mkdir -p "$state"
  rm -f "$state"/*.pid "$state"/*.log
  local cp flags home url="spark://127.0.0.1:$port"
  cp="$(classpath)"
  flags="$(java17_flags)"
  home="$(spark_home "$cp")"
  export SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 OMP_NUM_THREADS=1
  # shellcheck disable=SC2086
  launch master java -Xmx512m $flags -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0
  if ! wait_for_log "$state/master.log" 60 "I have been elected leader"; then
    stop >/dev/null
    die "the master did not start within 60 s; see $state/master.log"
  fi
  for ((w = 1; w <= workers; w++)); do
    mkdir -p "$state/work-$w"
    # shellcheck disable=SC2086
    launch "worker-$w" java -Xmx512m $flags -cp "$cp" org.apache.spark.deploy.worker.Worker "$url" \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --work-dir "$state/work-$w" --webui-port 0
  done
  if ! wait_for_log "$state/master.log" 60 "Registering worker" "$workers"; then
    stop >/dev/null
    die "not all $workers workers registered within 60 s; see $state/worker-*.log"
  fi
  echo "$url"
}

status() {
  local running=0 file
  for file in "$state"/*.pid; do
    [[ -e "$file" ]] || continue
    if alive "$file"; then
      echo "$(basename "$file" .pid): running (PID $(cat "$file"))"
      running=1
    else
      echo "$(basename "$file" .pid): not running"
    fi
  done
  ((running)) || { echo "no cluster running from $state"; return 3; }
}

stop() {
  local file pid
  for file in "$state"/worker-*.pid "$state"/master.pid; do
    [[ -e "$file" ]] || continue
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      local waited=0
      while kill -0 "$pid" 2>/dev/null && ((waited++ < 40)); do
        sleep 0.25
      done
      kill -KILL -- "-$pid" 2>/dev/null || true
      echo "stopped $(basename "$file" .pid) (PID $pid)"
    fi
    rm -f "$file"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
