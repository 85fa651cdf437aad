import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerOffline } from './offline.ts';

const target = document.getElementById('app');
if (!target) throw new Error('fmip-lab: #app element missing from index.html');
export default mount(App, { target });

// Offline after the first visit (issue 13).
registerOffline('./sw.js');
