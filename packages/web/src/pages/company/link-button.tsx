/** A button that is a link: the address on the element (open in a new tab, copy), routed in the app. */
import { Button, type ButtonProps } from 'antd';
import { useNavigate } from 'react-router';

export function LinkButton({ to, ...props }: Omit<ButtonProps, 'href' | 'onClick'> & { to: string }) {
  const navigate = useNavigate();
  return (
    <Button
      {...props}
      href={to}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
