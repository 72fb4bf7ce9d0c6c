-- The public coverage page of the territory under test (issue 11, finding 15).
request = function() return wrk.format("GET", "/territoires/11/couverture") end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d seconds=%.2f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f bytes_per_request=%d\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests > 0 and math.floor(summary.bytes / summary.requests) or 0))
end
