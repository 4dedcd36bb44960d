import { updateProfileRoute } from "#functions/accounts/routes";
import { updateProfile } from "#shared/accounts/profile";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(updateProfileRoute, async (request) => ({
  status: 200,
  body: await updateProfile(requireSession(request).userId, request.body, request),
}));
