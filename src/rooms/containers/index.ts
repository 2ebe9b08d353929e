// Seed 000: the containers hub and the container Durable Object, for the Worker's entry point.
export { AppContainer } from "./app-container.js";
export { ContainerHub } from "./container-hub.js";
