// The teacher's page (teacher/index.html, a Vite entry of its own beside the lab and the embed): open
// an exercise and a class's result files, re-run every student's runs in the engine, and export
// the grade book. Static like the rest of the build: the files are read in the page and nothing
// is sent anywhere.
import { mount } from 'svelte';
import Teacher from './Teacher.svelte';
import '../app.css';

const target = document.getElementById('teacher');
if (!target) throw new Error('fmip-lab teacher: #teacher element missing from teacher/index.html');
export default mount(Teacher, { target });
