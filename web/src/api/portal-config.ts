// The portal's configuration from the API: which provider takes the card, and Stripe's key.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

export const usePortalConfig = () =>
  useQuery({ queryKey: ['portal-config'], queryFn: async () => unwrap(await api.GET('/v1/portal/config')), staleTime: Infinity });
