import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI document from the route schemas, browsable at /api/docs. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Vertelpunt API', version: '0.1.0', description: 'Capture, storage and reading of practice stories.' },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'vp_session' },
            device: { type: 'http', scheme: 'bearer', description: 'device token: vpd_<deviceId>_<secret>' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  },
  { name: 'openapi' },
);
