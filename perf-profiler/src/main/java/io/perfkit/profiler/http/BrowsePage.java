package io.perfkit.profiler.http;

/**
 * {@code /debug/browse}: the stored profiles in a browser. Filters (type, label, time window)
 * list them from {@code /debug/profiles}; each row opens its flame graph or top methods; two
 * ticked rows open their diff; the filters' window opens as one merged flame graph
 * ({@code /debug/merge}). One static page with its script inline: it loads nothing from
 * elsewhere, works offline, and reaches the server only through the JSON and HTML endpoints
 * beside it, so it is behind the same token and limits.
 */
final class BrowsePage {

  private BrowsePage() {}

  static final String HTML = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Perfkit profiles</title>
      <style>
      body{font:14px sans-serif;margin:1.5em}
      form{margin-bottom:1em}label{margin-right:1em}input,select{font:inherit}
      table{border-collapse:collapse}td,th{padding:.2em .8em .2em 0;text-align:left;vertical-align:top}
      tbody tr:nth-child(odd){background:#f4f4f4}code{font-size:13px}#status{color:#555;margin:.5em 0}
      </style></head><body>
      <h1>Stored profiles</h1>
      <form id="filters">
      <label>type <select id="type"><option value="">any</option><option>cpu</option><option>allocation</option>
      <option>lock</option><option>io</option><option>heap</option><option>thread_dump</option></select></label>
      <label>label <input id="label" placeholder="service:checkout" size="22"></label>
      <label>since <input id="since" placeholder="2026-12-04T14:00:00Z" size="22"></label>
      <label>until <input id="until" size="22"></label>
      <button id="list" type="submit">List</button>
      <button id="merge" type="button">Merged flame graph</button>
      <button id="compare" type="button" disabled>Diff the two ticked</button>
      </form>
      <div id="status">loading…</div>
      <table id="profiles"><thead><tr><th></th><th>start</th><th>type</th><th>duration</th><th>labels</th><th>open</th></tr></thead>
      <tbody></tbody></table>
      <script>
      'use strict';
      window.pageErrors = [];
      window.addEventListener('error', e => window.pageErrors.push(String(e.message)));
      const $ = id => document.getElementById(id);
      function params() {
        const p = new URLSearchParams();
        for (const k of ['type', 'since', 'until']) { if ($(k).value.trim()) p.set(k, $(k).value.trim()); }
        if ($('label').value.trim()) p.append('label', $('label').value.trim());
        return p;
      }
      function cell(tr, content) {
        const td = document.createElement('td');
        if (content instanceof Node) td.appendChild(content); else td.textContent = content;
        tr.appendChild(td);
        return td;
      }
      function link(text, href, cls) {
        const a = document.createElement('a');
        a.textContent = text; a.href = href; a.className = cls;
        return a;
      }
      function ticked() { return [...document.querySelectorAll('#profiles input:checked')]; }
      async function list(event) {
        if (event) event.preventDefault();
        const p = params();
        p.set('limit', '500');
        $('status').textContent = 'loading…';
        const r = await fetch('profiles?' + p);
        const body = await r.json();
        if (!r.ok) { $('status').textContent = 'error ' + r.status + ': ' + (body.error || JSON.stringify(body)); return; }
        const rows = $('profiles').tBodies[0];
        rows.replaceChildren();
        for (const prof of body) {
          const tr = document.createElement('tr');
          tr.dataset.id = prof.id; tr.dataset.type = prof.type;
          const box = document.createElement('input');
          box.type = 'checkbox'; box.value = prof.id; box.dataset.type = prof.type;
          box.addEventListener('change', () => { $('compare').disabled = ticked().length !== 2; });
          cell(tr, box);
          cell(tr, prof.start);
          cell(tr, prof.type + (prof.format === 'jfr' ? '' : ' (' + prof.format + ')'));
          cell(tr, prof.durationMs + ' ms');
          cell(tr, Object.entries(prof.labels).map(([k, v]) => k + '=' + v).join(' '));
          const open = cell(tr, '');
          if (prof.format === 'jfr' && prof.type !== 'thread_dump') {
            open.appendChild(link('flame', 'profiles/' + encodeURIComponent(prof.id) + '/flame', 'flame'));
            open.appendChild(document.createTextNode(' '));
            open.appendChild(link('top', 'profiles/' + encodeURIComponent(prof.id) + '/top', 'top'));
          } else {
            open.appendChild(link('content', 'profiles/' + encodeURIComponent(prof.id), 'content'));
          }
          rows.appendChild(tr);
        }
        $('status').textContent = body.length + ' profiles';
        $('compare').disabled = true;
      }
      $('filters').addEventListener('submit', list);
      $('merge').addEventListener('click', () => {
        const p = params();
        if (!p.get('type')) p.set('type', 'cpu');
        p.set('view', 'flame');
        location.href = 'merge?' + p;
      });
      $('compare').addEventListener('click', () => {
        const [a, b] = ticked();
        location.href = 'diff?' + new URLSearchParams({base: a.value, target: b.value, format: 'html'});
      });
      list().catch(e => { window.pageErrors.push(String(e)); $('status').textContent = String(e); });
      </script>
      </body></html>
      """;
}
