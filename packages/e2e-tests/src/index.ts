export { launchChromium, signIn } from './browser';
export { browserTestProduct } from './productConfig';
