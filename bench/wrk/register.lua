-- wrk script: POST /api/v1/sessions/{id}/registrations with a unique attendee per request.
-- Sessions: env BENCH_SESSIONS = path of a file with one session id per line (1 = hot session).
-- Prints one JSON line at the end: status counts and latency percentiles (ms).
local threads = {}
local counter = 0
local ids = {}
local run = os.getenv("BENCH_RUN") or tostring(os.time())

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_SESSIONS")) do
    if #line > 0 then table.insert(ids, line) end
  end
  math.randomseed(tid * 7919 + os.time())
  statuses = {}
end

function request()
  counter = counter + 1
  local id = ids[(#ids == 1) and 1 or math.random(#ids)]
  local body = string.format('{"name":"Bench Attendee %d","email":"b%s.t%d.n%d@example.org","language":"en","timeZone":"Europe/Madrid"}', counter, run, tid, counter)
  -- Each attendee from an address of its own, as the reverse proxy in front of the gateway reports it.
  local address = string.format("10.%d.%d.%d", tid, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/api/v1/sessions/" .. id .. "/registrations",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do table.insert(parts, string.format('"%d":%d', code, n)) end
  io.write(string.format('BENCH {"requests":%d,"durationUs":%d,"socketErrors":%d,"statuses":{%s},"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ","), latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
