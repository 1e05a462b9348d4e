-- wrk script of bench/async-path.sh: sends the pre-signed request paths of a file (one a line, made by
-- bench/AsyncPath.java: wrk's Lua has no SHA-1 or SHA-256), each wrk thread its own share of them in turn, and counts
-- the answers that are not what the call should answer. Arguments after wrk's "--": FILE EXPECT THREADS [WINDOW],
-- EXPECT being
--   redirect  a join: HTTP 302 with a Location
--   success   a create: HTTP 200 with <returncode>SUCCESS</returncode>
-- With WINDOW (seconds), requests are sent only during the first WINDOW seconds; wrk's -d must be longer, and what
-- follows drains the requests in flight: wrk never gives up on a request and drops those still waiting when its run
-- ends, so without a drain a request stuck on a hung node would be neither answered nor failed. After the drain,
-- every request sent and not answered has waited longer than the drain and is counted as unanswered.
-- done() prints one line "RESULT key=value ..." that the script reads; latencies in ms from wrk's own histogram.

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_usec; } bench_timeval;
    int gettimeofday(bench_timeval *tv, void *tz);
]]
local timeval = ffi.new("bench_timeval")
local function now()
    ffi.C.gettimeofday(timeval, nil)
    return tonumber(timeval.tv_sec) + tonumber(timeval.tv_usec) / 1e6
end

local threads = {}
local created = 0

function setup(thread)
    thread:set("id", created)
    created = created + 1
    table.insert(threads, thread)
end

function init(args)
    local file, count = args[1], tonumber(args[3])
    expect = args[2]
    window = tonumber(args[4])
    paths = {}
    local line_number = 0
    for line in io.lines(file) do
        if line_number % count == id then
            paths[#paths + 1] = line
        end
        line_number = line_number + 1
    end
    if #paths == 0 then
        error("no request paths for thread " .. id .. " in " .. file)
    end
    next_path = 0
    -- how often this thread went through all its paths: a create list used twice creates nothing new
    wrapped = 0
    -- wrk calls request() once on the first thread to check it, before anything is sent
    sent = id == 0 and -1 or 0
    answered = 0
    failed = 0
    good_in_window = 0
    sample = ""
    started = now()
    if window then
        -- wrk asks delay() before every request once it is defined
        function delay()
            if now() - started >= window then
                return 3600000
            end
            return 0
        end
    end
end

function request()
    next_path = next_path + 1
    if next_path > #paths then
        next_path = 1
        wrapped = wrapped + 1
    end
    sent = sent + 1
    return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
    answered = answered + 1
    local ok
    if expect == "redirect" then
        ok = status == 302 and (headers["Location"] ~= nil or headers["location"] ~= nil)
    else
        ok = status == 200 and body ~= nil and string.find(body, "<returncode>SUCCESS</returncode>", 1, true) ~= nil
    end
    if ok then
        if window and now() - started < window then
            good_in_window = good_in_window + 1
        end
    else
        failed = failed + 1
        if sample == "" then
            -- the first wrong answer, for the log: its status and the start of its body
            sample = status .. " " .. string.gsub(string.sub(body or "", 1, 300), "%s+", " ")
        end
    end
end

function done(summary, latency, requests)
    local totals = { failed = 0, wrapped = 0, sent = 0, answered = 0, good_in_window = 0 }
    local samples = {}
    for _, thread in ipairs(threads) do
        for key, _ in pairs(totals) do
            totals[key] = totals[key] + thread:get(key)
        end
        local sample = thread:get("sample")
        if sample ~= nil and sample ~= "" then
            samples[#samples + 1] = sample
        end
    end
    local errors = summary.errors
    local seconds = summary.duration / 1e6
    local run_window = threads[1] and threads[1]:get("window") or nil
    io.write(string.format(
        "RESULT requests=%d seconds=%.3f failed_answers=%d connect_errors=%d read_errors=%d write_errors=%d "
            .. "timeouts=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f wrapped=%d sent=%d unanswered=%d "
            .. "window=%s good_in_window=%d\n",
        summary.requests, seconds, totals.failed, errors.connect, errors.read, errors.write, errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000, totals.wrapped, totals.sent, totals.sent - totals.answered,
        run_window and tostring(run_window) or "-", totals.good_in_window))
    for _, sample in ipairs(samples) do
        io.write("FIRST_FAILED " .. sample .. "\n")
    end
end
