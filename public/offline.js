// The offline page lists what this browser keeps for the signed-in person: the changes
// waiting for the connection and the drafts (both kept by the app in local storage).
(function () {
  const list = (id, items, empty) => {
    const ul = document.getElementById(id);
    if (!items.length) {
      const li = document.createElement('li');
      li.textContent = empty;
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
  const count = waiting.length === 1 ? '1 wijziging wacht op verbinding' : `${waiting.length} wijzigingen wachten op verbinding`;
  document.getElementById('queued-title').textContent = count;
  list('queued', waiting.map((q) => `${q.label} · ${new Date(q.queued_at).toLocaleTimeString('nl-BE')}`), 'Geen.');
  const drafts = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key && key.startsWith('toegang.draft.')) drafts.push(key.split('.').slice(4).join('.'));
  }
  list('drafts', drafts.map((d) => `Formulier ${d}`), 'Geen.');
  document.getElementById('retry').addEventListener('click', (e) => {
    e.preventDefault();
    location.reload();
  });
})();
