# Sourced by the daemon benchmarks' scripts.
#
# settle PID: waits until process PID uses under a tenth of a core. At start
# gazetted checks every file of its roots against the index (about 0.5 s of
# CPU for Reuters), which a benchmark's first runs would otherwise measure.
settle() {
    local before=-1 now
    for _ in $(seq 60); do
        now=$(awk '{print $14 + $15}' "/proc/$1/stat")
        [ "$before" -ge 0 ] && [ $((now - before)) -lt 5 ] && return
        before=$now
        sleep 0.5
    done
}
