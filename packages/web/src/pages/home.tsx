import { Navigate } from 'react-router';

/** the start page is the self-assessment wizard, for now the app's one public page */
export default function Home() {
  return <Navigate to="/assess" replace />;
}
