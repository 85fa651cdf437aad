import { mount } from 'svelte';
import Embed from './Embed.svelte';
import '../app.css';
import './embed.css';
import { registerOffline } from '../offline.ts';

const target = document.getElementById('embed');
if (!target) throw new Error('fmip-lab embed: #embed element missing from embed.html');
export default mount(Embed, { target });

registerOffline('../sw.js');
