import Vapor

/// The site's only stylesheet, compiled in so that the binary serves it from anywhere (no CDN, no working-directory lookup).
enum Stylesheet {
    static func response() -> Response {
        let response = Response(status: .ok, body: .init(string: css + categoryColours))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        response.headers.cacheControl = .init(isPublic: true, maxAge: 3600)
        return response
    }

    /// One class per category: colours come from `Category`, and the CSP allows no inline style.
    static let categoryColours = Category.allCases.map {
        ".swatch.cat-\($0.rawValue) { background:\($0.color); }\n.badge.cat-\($0.rawValue) { border-color:\($0.color); }"
    }.joined(separator: "\n")

    static let css = """
    :root { --ink:#1d2733; --muted:#5b6875; --line:#d5dde5; --accent:#1f6f5c; --accent-ink:#fff; --bg:#f7f9fb; --danger:#b3261e; --warn:#8a5a00; }
    * { box-sizing: border-box; }
    body { margin:0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); line-height:1.5; }
    a { color:var(--accent); }
    .site-header { display:flex; flex-wrap:wrap; align-items:center; justify-content:space-between; gap:.5rem 1rem; padding:.6rem 1.2rem; background:#fff; border-bottom:1px solid var(--line); }
    .site-header .brand { font-weight:700; font-size:1.3rem; text-decoration:none; color:var(--accent); }
    .site-header ul { list-style:none; display:flex; flex-wrap:wrap; gap:.3rem 1rem; margin:0; padding:0; align-items:center; }
    main { max-width:1100px; margin:0 auto; padding:1rem 1.2rem 3rem; }
    h1 { font-size:1.7rem; margin:.6rem 0 .8rem; }
    h2 { font-size:1.2rem; margin:1.2rem 0 .5rem; }
    h3 { font-size:1.05rem; margin:0 0 .2rem; }
    .muted { color:var(--muted); }
    .panel { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem 1.2rem; }
    .two-columns { display:grid; grid-template-columns: minmax(0,1fr) minmax(0,1fr); gap:1rem; align-items:start; }
    @media (max-width: 800px) { .two-columns { grid-template-columns: 1fr; } }
    .hero blockquote { border-left:4px solid var(--accent); margin:1rem 0; padding:.3rem .8rem; color:var(--muted); font-style:italic; }
    .search-form { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.8rem 1rem; margin-bottom:1rem; }
    .filters { display:grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap:.2rem 1rem; }
    .field { display:flex; flex-direction:column; margin-bottom:.7rem; }
    .field label { font-weight:600; margin-bottom:.2rem; }
    input[type=text], input[type=search], input[type=email], input[type=password], input[type=number], input[type=tel], input[type=url], select, textarea {
      font:inherit; padding:.45rem .55rem; border:1px solid #9aa7b4; border-radius:6px; background:#fff; width:100%; }
    .has-error input, .has-error select, .has-error textarea { border-color:var(--danger); }
    .field-error { color:var(--danger); font-size:.92rem; margin-top:.2rem; }
    .hint { color:var(--muted); font-size:.85rem; }
    .button, button.button { display:inline-block; background:var(--accent); color:var(--accent-ink); border:0; border-radius:6px; padding:.5rem 1rem; font:inherit; font-weight:600; cursor:pointer; text-decoration:none; }
    .button.secondary { background:#e6efec; color:var(--accent); }
    .button.danger { background:var(--danger); }
    button.link { background:none; border:0; padding:0; color:var(--accent); font:inherit; cursor:pointer; text-decoration:underline; }
    button.link.danger { color:var(--danger); }
    .inline-form { display:inline-flex; gap:.4rem; align-items:center; margin:0; }
    .actions { display:flex; flex-wrap:wrap; gap:.6rem; align-items:center; margin:.6rem 0 1rem; }
    .stacked fieldset { border:1px solid var(--line); border-radius:8px; margin:0 0 1rem; padding:.6rem 1rem; background:#fff; }
    .stacked legend { font-weight:700; padding:0 .3rem; }
    .narrow { max-width:420px; }
    .contact-row { display:grid; grid-template-columns: repeat(auto-fit, minmax(160px,1fr)); gap:0 .8rem; border-top:1px dashed var(--line); padding-top:.4rem; }
    .notice { background:#e7f4ef; border:1px solid #9cd0bd; border-radius:6px; padding:.6rem .9rem; }
    .notice.warning { background:#fff6e0; border-color:#e8c56f; color:var(--warn); }
    .notice.error { background:#fdeceb; border-color:#eba7a2; color:var(--danger); }
    .notice code { display:block; word-break:break-all; background:#fff; padding:.4rem; margin-top:.3rem; }
    .results { list-style:none; padding:0; margin:0; display:grid; gap:.6rem; }
    .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:.7rem 1rem; }
    .card p { margin:.2rem 0; }
    .badge { display:inline-block; border:2px solid #999; border-radius:999px; padding:0 .55rem; font-size:.85rem; background:#fff; }
    .swatch { display:inline-block; width:.85rem; height:.85rem; border-radius:50%; margin-right:.4rem; vertical-align:middle; }
    .category-counts, .legend { list-style:none; padding:0; columns:2; }
    .legend li, .category-counts li { margin-bottom:.25rem; break-inside:avoid; }
    .pagination { display:flex; gap:1rem; align-items:center; justify-content:center; margin:1rem 0; }
    .empty { background:#fff; border:1px dashed var(--line); border-radius:8px; padding:1rem; text-align:center; }
    .map-panel svg { width:100%; height:auto; display:block; border-radius:8px; border:1px solid var(--line); background:#eef3f7; }
    .map-panel.small svg { max-height:260px; }
    table { border-collapse:collapse; width:100%; background:#fff; }
    th, td { text-align:left; padding:.4rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
    .site-footer { text-align:center; color:var(--muted); font-size:.85rem; padding:1rem; border-top:1px solid var(--line); }
    /* Coverage grid, imports, cooperation graph */
table.coverage td .small { display: block; }
.small { font-size: .85em; }
.presence { display: inline-block; padding: .1em .5em; border-radius: 1em; font-weight: 600; font-size: .9em; }
.presence.absent { background: #fde2e1; color: #8a1010; }
.presence.thin { background: #fff1cc; color: #7a4d00; }
.presence.present { background: #dff3e4; color: #14532d; }
tr.row-absent td:first-child { border-left: 4px solid #c0392b; }
tr.row-thin td:first-child { border-left: 4px solid #e0a100; }
.upload-progress { width: 100%; height: 1.2em; margin: .5em 0; }
.field.inline { display: inline-block; margin-right: 1em; }
.field.inline input { width: 5em; }
.error { color: #8a1010; background: #fde2e1; padding: .5em .8em; border-radius: .3em; }
.provenance { margin-top: 1em; }
svg.graph { width: 100%; height: auto; }
.field input[type=file] { display: block; margin-top: .3em; }
"""
}
