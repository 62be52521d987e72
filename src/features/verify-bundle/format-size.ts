export { formatSize } from '../../lib/text-file';
