// Confirmation for destructive forms: <form data-confirm="Delete ...?">. No inline scripts (CSP).
document.addEventListener('submit', function (ev) {
  var f = ev.target;
  if (f && f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) {
    ev.preventDefault();
  }
});
