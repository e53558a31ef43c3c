import { useEffect } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useToast } from '../../components/Toast';

/** Raises an error toast each time the query fails (a failed "Try again" toasts again). */
export function useErrorToast(query: Pick<UseQueryResult, 'isError' | 'errorUpdatedAt'>, message: string) {
  const toast = useToast();
  const { isError, errorUpdatedAt } = query;
  useEffect(() => {
    if (isError) toast.error(message);
  }, [isError, errorUpdatedAt, message, toast]);
}
