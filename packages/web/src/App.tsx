import { useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Route, Routes } from 'react-router-dom';
import { forgetSession, useMe } from './api/auth';
import { onUnauthenticated } from './api/client';
import { RequireRole } from './auth/RequireRole';
import { homeFor } from './auth/role-home';
import { RoleLayout } from './layout/RoleLayout';
import { LoginPage } from './pages/LoginPage';
import { ProvidersPage } from './admin/providers/ProvidersPage';
import { CampaignsPage } from './admin/campaigns/CampaignsPage';
import { CampaignEditorPage } from './admin/campaigns/CampaignEditorPage';
import { MembersPage } from './admin/members/MembersPage';
import { UsersPage } from './admin/users/UsersPage';
import { PauseReasonsPage } from './admin/settings/PauseReasonsPage';
import { AgentInboxPage } from './agent/AgentInboxPage';
import { AuditPage } from './admin/audit/AuditPage';
import { ServiceTokensPage } from './admin/service-tokens/ServiceTokensPage';
import { WebhooksPage } from './admin/webhooks/WebhooksPage';
import { SupervisorLiveScope } from './supervisor/live/SupervisorLiveScope';
import { MonitoringPage } from './supervisor/monitoring/MonitoringPage';
import { CampaignMonitorPage } from './supervisor/monitoring/CampaignMonitorPage';
import { RecordingsPage } from './supervisor/recordings/RecordingsPage';

function HomeRedirect() {
  const me = useMe();
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return <Navigate to={me.data ? homeFor(me.data.role) : '/login'} replace />;
}

export function App() {
  const client = useQueryClient();

  useEffect(() => {
    // A 401 anywhere means the session is gone: forgetting the user makes every guard send to /login.
    onUnauthenticated(() => forgetSession(client));
    return () => onUnauthenticated(null);
  }, [client]);

  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/admin"
        element={
          <RequireRole roles={['administrator']}>
            <RoleLayout />
          </RequireRole>
        }
      >
        <Route index element={<Navigate to="campaigns" replace />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route path="campaigns/:id" element={<CampaignEditorPage />} />
        <Route path="providers" element={<ProvidersPage />} />
        <Route path="providers/:id" element={<ProvidersPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="pause-reasons" element={<PauseReasonsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="service-tokens" element={<ServiceTokensPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
      </Route>
      <Route
        path="/supervisor"
        element={
          <RequireRole roles={['supervisor', 'administrator']}>
            <RoleLayout />
          </RequireRole>
        }
      >
        <Route index element={<Navigate to="monitoring" replace />} />
        {/* One live channel for the monitoring pages, kept while moving between the list and a campaign. */}
        <Route element={<SupervisorLiveScope />}>
          <Route path="monitoring" element={<MonitoringPage />} />
          <Route path="monitoring/:campaignId" element={<CampaignMonitorPage />} />
        </Route>
        <Route path="recordings" element={<RecordingsPage />} />
      </Route>
      <Route
        path="/agent"
        element={
          <RequireRole roles={['agent', 'administrator']}>
            <RoleLayout />
          </RequireRole>
        }
      >
        <Route index element={<Navigate to="inbox" replace />} />
        {/* One route with an optional id, so opening a conversation keeps the page (and its live channel) mounted. */}
        <Route path="inbox/:interactionId?" element={<AgentInboxPage />} />
      </Route>
      <Route path="*" element={<HomeRedirect />} />
    </Routes>
  );
}
