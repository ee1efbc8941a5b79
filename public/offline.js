// The offline page lists what this browser keeps for the signed-in person: the changes
// waiting for the connection and the drafts (both kept by the app in local storage). It
// speaks the language the app last showed (kept in local storage), else the browser's,
// with the words the server gave the service worker (`/offline-words.js`).
(function () {
  const all = self.TOEGANG_WORDS || {};
  const wanted = [localStorage.getItem('toegang.lang'), (navigator.language || '').slice(0, 2), 'nl'];
  const lang = wanted.find((l) => l && all[l]) || 'nl';
  const words = all[lang] || {};
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-word]')) {
    const text = words[el.dataset.word];
    if (text) el.textContent = text;
  }
  for (const el of document.querySelectorAll('[data-word-label]')) {
    const text = words[el.dataset.wordLabel];
    if (text) el.setAttribute('aria-label', text);
  }
  const none = words.none || 'Geen.';
  const list = (id, items) => {
    const ul = document.getElementById(id);
    if (!items.length) {
      const li = document.createElement('li');
      li.textContent = none;
      ul.appendChild(li);
    }
    for (const text of items) {
      const li = document.createElement('li');
      li.textContent = text;
      ul.appendChild(li);
    }
  };
  let queue = [];
  try {
    queue = JSON.parse(localStorage.getItem('toegang.queue') || '{"items":[]}').items || [];
  } catch (e) {
    queue = [];
  }
  const waiting = queue.filter((q) => q.state && (q.state.Waiting || q.state.Sending));
  const title = document.getElementById('queued-title');
  title.textContent = `${title.textContent} (${waiting.length})`;
  list('queued', waiting.map((q) => `${q.label} · ${new Date(q.queued_at).toLocaleTimeString(`${lang}-BE`)}`));
  const drafts = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key && key.startsWith('toegang.draft.')) drafts.push(key.split('.').slice(4).join('.'));
  }
  const form = words.form || 'Formulier {form}';
  list('drafts', drafts.map((d) => form.replace('{form}', d)));
  document.getElementById('retry').addEventListener('click', (e) => {
    e.preventDefault();
    location.reload();
  });
})();
