package dev.ollamaperf.reports.render;

/**
 * The inline CSS and script of {@code index.html}. The page must work offline, so nothing is fetched:
 * system fonts, no CDN, no framework.
 */
final class HtmlAssets {

    static final String CSS = String.join(
            "\n",
            ":root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;}",
            "*{box-sizing:border-box}",
            "body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Ubuntu,sans-serif;color:var(--fg);background:var(--bg)}",
            "header{background:#fff;border-bottom:1px solid var(--line);padding:12px 24px;position:sticky;top:0;z-index:2}",
            "h1{font-size:20px;margin:0}h2{font-size:17px;margin:0 0 8px}h3{font-size:15px;margin:16px 0 6px}h4{font-size:14px;margin:12px 0 4px}",
            ".sub{margin:2px 0 6px;color:var(--muted)}nav a{margin-right:14px;color:#0969da;text-decoration:none}",
            "main{padding:16px 24px;max-width:1400px;margin:0 auto}",
            "section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 16px}",
            ".banner{border-width:0 0 0 8px;border-style:solid}.banner .big{font-size:26px;font-weight:700}",
            ".banner.pass{border-color:var(--pass);background:#eef9f0}.banner.pass .big{color:var(--pass)}",
            ".banner.fail{border-color:var(--fail);background:#fdf0f0}.banner.fail .big{color:var(--fail)}",
            ".banner.warn{border-color:var(--warn);background:#fff8e6}.banner.warn .big{color:var(--warn)}",
            ".counts{margin:6px 0}.count{display:inline-block;margin:0 8px 4px 0;padding:2px 8px;border-radius:12px;background:#fff;"
                    + "border:1px solid var(--line)}",
            ".count.fail,.count.regressed{border-color:var(--fail);color:var(--fail)}.count.pass,.count.improved{border-color:var(--pass);"
                    + "color:var(--pass)}.count.warn,.count.inconclusive{border-color:var(--warn);color:var(--warn)}",
            "details{margin:4px 0}summary{cursor:pointer;font-weight:600}details.skipped>summary{font-weight:400;color:var(--muted)}",
            "table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);"
                    + "vertical-align:top}",
            "thead th{background:#f0f2f5;cursor:pointer;user-select:none;position:sticky;top:0}td code{word-break:break-all}",
            "tr.fail td{background:#fdecec}tr.warn td,tr.inconclusive td{background:#fff6dc}tr.pass td,tr.improved td{background:#eefaf1}",
            "tr.regressed td{background:#fdecec}",
            ".pill{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:#6e7781}",
            ".pill.pass,.pill.improved{background:var(--pass)}.pill.fail,.pill.regressed{background:var(--fail)}",
            ".pill.warn,.pill.inconclusive{background:var(--warn)}",
            ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:12px;align-items:start}",
            "figure.chart{margin:0}svg.chart{width:100%;height:auto;display:block}figcaption{color:var(--muted);font-size:12px;"
                    + "text-align:center}",
            "svg .grid{stroke:#e4e7ec;stroke-width:1}svg .tick{font-size:11px;fill:var(--muted)}svg .axis{font-size:12px;fill:var(--muted)}",
            "svg .label,svg .legend{font-size:12px;fill:var(--fg);paint-order:stroke;stroke:#fff;stroke-width:3px}svg .note{font-size:11px;fill:var(--muted)}",
            "svg .err{stroke:#1d2330;stroke-width:1.5;fill:none}svg .base{stroke:var(--fail);stroke-width:2;stroke-dasharray:3 2}",
            "svg .bar{opacity:.85}svg .bar:hover{opacity:1}",
            ".facts th{width:45%;font-weight:500;color:var(--muted)}.note{color:var(--muted);font-size:13px}",
            ".empty{color:var(--muted);font-style:italic}",
            "");

    /** Runs first: records script errors in {@code body[data-errors]} so a headless test can read them from the DOM. */
    static final String ERROR_HOOK = String.join(
            "\n",
            "window.__errors=[];",
            "window.onerror=function(m,s,l){window.__errors.push(m+' @'+l);",
            "if(document.body){document.body.setAttribute('data-errors',window.__errors.join(' | '));}};",
            "");

    /** Sortable tables (click a header; numbers sort as numbers), then the render marker. */
    static final String SCRIPT = String.join(
            "\n",
            "(function(){",
            "function key(td){var t=td.textContent.trim();var n=parseFloat(t.replace(/^\\[/,''));return isNaN(n)?t.toLowerCase():n;}",
            "document.querySelectorAll('table.sortable').forEach(function(table){",
            " table.querySelectorAll('thead th').forEach(function(th,i){",
            "  th.addEventListener('click',function(){",
            "   var asc=th.getAttribute('data-sort')!=='asc';th.setAttribute('data-sort',asc?'asc':'desc');",
            "   var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);",
            "   rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);",
            "    if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});",
            "   rows.forEach(function(r){body.appendChild(r);});});});});",
            "document.body.setAttribute('data-charts',String(document.querySelectorAll('svg.chart').length));",
            "document.body.setAttribute('data-errors',window.__errors.join(' | '));",
            "document.body.setAttribute('data-rendered','ok');",
            "})();",
            "");

    private HtmlAssets() {}
}
