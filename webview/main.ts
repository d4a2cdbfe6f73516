// The charts panel arrives with the editor issue; this bundle exists so the build and CSP are in place.
const root = document.getElementById('root');
if (root) root.textContent = 'Rung charts will appear here once a run is open.';
