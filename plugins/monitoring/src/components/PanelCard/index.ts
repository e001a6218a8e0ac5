export { PanelCard } from './PanelCard';
