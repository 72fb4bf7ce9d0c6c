-- Mixed directory searches (text with plurals and a typo, category, radius, "open now", combined), cycled in a
-- fixed order so that runs compare.
local queries = {
  "/api/v1/organizations?q=centres%20sociaux",
  "/api/v1/organizations?open_now=1&lat=43.18&lon=3.00&radius_km=30",
  "/api/v1/organizations?q=epiceries%20solidaires&lat=45.76&lon=4.84&radius_km=20",
  "/api/v1/organizations?q=conserveries",
  "/api/v1/organizations?q=epicreie",
  "/api/v1/organizations?open_now=1&category=aide-alimentaire",
  "/api/v1/organizations?q=epicerie",
  "/api/v1/organizations?q=restos%20coeur",
  "/api/v1/organizations?category=aide-alimentaire&lat=43.18&lon=3.00&radius_km=20",
  "/api/v1/organizations?lat=43.61&lon=3.88&radius_km=10",
  "/api/v1/organizations?q=legumes&category=monde-agricole",
  "/api/v1/organizations?q=jardin&lat=45.76&lon=4.84&radius_km=50",
  "/api/v1/organizations?category=cuisine&page=3",
  "/api/v1/organizations?q=narbonne",
  "/api/v1/organizations?q=chambre%20froide&lat=48.85&lon=2.35&radius_km=30",
  "/api/v1/organizations?lat=43.30&lon=5.37&radius_km=5&sort=distance",
  "/api/v1/organizations?q=ccas&per=50",
  "/api/v1/organizations?q=ferme&category=monde-agricole&lat=44.84&lon=-0.58&radius_km=40",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d seconds=%.2f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
