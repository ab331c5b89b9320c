/** The toolbar popup page: the glance (components/Popup.tsx), mounted once its first storage read is in. */
import '../../components/theme.css';
import './popup.css';
import { mountPopup } from '../../components/mount-popup';

mountPopup('popup');
