// The stream action buttons' icons, by action (drawn in components/icons).
import type { ComponentType, SVGProps } from 'react';
import type { StreamActionName } from '../../../lib/types';
import { CartIcon, CelebrationIcon, NoticeIcon, PollIcon, ProductIcon, QuizIcon } from '../../../components/icons';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

export const actionIcons: Record<StreamActionName, ComponentType<IconProps>> = {
  quiz: QuizIcon,
  celebration: CelebrationIcon,
  notice: NoticeIcon,
  poll: PollIcon,
  product: ProductIcon,
  amazon_product: CartIcon,
};
