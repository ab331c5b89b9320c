import { createRoot } from 'react-dom/client';
import '../../components/theme.css';
import './options.css';
import { Options } from '../../components/Options';

const root = document.getElementById('root');
if (root) createRoot(root).render(<Options />);
